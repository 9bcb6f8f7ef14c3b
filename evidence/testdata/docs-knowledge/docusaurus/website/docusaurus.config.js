module.exports = { title: 'Shop', presets: [['classic', { docs: { sidebarPath: './sidebars.js' } }]] };

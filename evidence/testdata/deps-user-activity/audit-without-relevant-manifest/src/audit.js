const auditLog = require('./log');
module.exports = (req) => auditLog.write({ userId: req.user.id, action: req.path });

git '/srv/webapp' do
  repository 'https://github.com/acme/webapp.git'
  revision 'main'
end

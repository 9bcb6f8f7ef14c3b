name 'webapp'
maintainer 'Acme Ops'
version '1.2.0'
depends 'nginx'

node 'web01.example.com' {
  include profile::web
}

class profile::web {
  package { 'nginx':
    ensure => installed,
  }
}

require_relative "boot"
require "rails/all"

Bundler.require(*Rails.groups)

module Shop
  class Application < Rails::Application
  end
end

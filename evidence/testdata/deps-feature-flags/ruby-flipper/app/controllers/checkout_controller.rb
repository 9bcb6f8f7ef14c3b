class CheckoutController < ApplicationController
  def show
    if Flipper.enabled?(:new_checkout, current_user)
      render :new
    end
  end
end

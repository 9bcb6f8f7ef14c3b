import { ApiCheck, AssertionBuilder } from 'checkly/constructs'

new ApiCheck('orders-api-health', {
  name: 'Orders API health',
  request: {
    method: 'GET',
    url: 'https://api.acme.io/orders/health',
    assertions: [AssertionBuilder.statusCode().equals(200)],
  },
})

package com.acme.payments;

import io.sentry.Sentry;

class PaymentServiceTest {}

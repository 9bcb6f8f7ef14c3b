import posthog from 'posthog-js';
posthog.init('phc_docs');

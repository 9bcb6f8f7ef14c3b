import posthog from 'posthog-js';

export function track(event: string) {
  posthog.capture(event);
}

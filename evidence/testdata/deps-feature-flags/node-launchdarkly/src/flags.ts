import * as ld from '@launchdarkly/node-server-sdk';

const client = ld.init(process.env.LD_SDK_KEY!);
export const showBanner = (key: string) => client.variation('show-banner', { key }, false);

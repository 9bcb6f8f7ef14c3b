import { createApp } from 'vue';
import { datadogRum } from '@datadog/browser-rum';
datadogRum.init({ applicationId: 'x' });
createApp({}).mount('#app');

// health check
export const health = () => ({ status: 'ok' })

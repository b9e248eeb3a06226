// Placeholder replaced by the harness work (PostgreSQL + Chromium provisioning).
export default async function setup(): Promise<void> {}

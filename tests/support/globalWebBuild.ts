import { ensureWebBuilt } from '@yijian/runtime-api';

/** The browser tests need the built web app; build it once per run when sources changed. */
export default async function setup() {
  await ensureWebBuilt((line) => console.log(line));
}

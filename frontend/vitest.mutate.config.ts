// The Vitest configuration Stryker runs (stryker.config.mjs): the app's, with only the domain specs,
// so a mutant reached by module-level code ("static") reruns the domain specs, not every spec.
import { defineConfig } from 'vite';
import base from './vite.config';

export default defineConfig({ ...base, test: { ...base.test, include: ['src/domain/**/*.test.ts'] } });

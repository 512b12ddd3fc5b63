// Component-test setup: jest-dom matchers, and a clean document after each test. `findBy…` and `waitFor`
// wait up to 10 s rather than Testing Library's 1 s: on a busy machine (the suite shares its cores) a page's
// first render can take longer than a second, and a test must not fail on timing.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());

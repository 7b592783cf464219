import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI shares two cores between test runs: give findBy/waitFor room beyond the 1 s default.
configure({ asyncUtilTimeout: 10_000 });

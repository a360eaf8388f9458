// `npm run test:unit` (the developers' loop) loads this first: property tests run a tenth of their
// cases unless FUZZ_SCALE says otherwise. `npm run test:unit:full`, `npm test` and CI run them in full.
process.env.FUZZ_SCALE ??= '0.1';

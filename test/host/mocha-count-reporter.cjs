// Mocha's spec reporter, plus the final counts written as JSON to $MOCHA_COUNT_FILE, so that
// scripts/test-all.mjs can sum the unit tests without parsing the human output.
'use strict';
const fs = require('fs');
const mochaModule = require('mocha');
const Mocha = mochaModule.default ?? mochaModule.Mocha ?? mochaModule;
const Spec = Mocha.reporters.Spec;
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class SpecWithCounts extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const counts = { passed: 0, failed: 0, pending: 0 };
    runner.on(EVENT_TEST_PASS, () => counts.passed++);
    runner.on(EVENT_TEST_FAIL, () => counts.failed++); // includes failing hooks
    runner.on(EVENT_TEST_PENDING, () => counts.pending++);
    runner.once(EVENT_RUN_END, () => {
      if (process.env.MOCHA_COUNT_FILE) fs.writeFileSync(process.env.MOCHA_COUNT_FILE, JSON.stringify(counts));
    });
  }
}
module.exports = SpecWithCounts;

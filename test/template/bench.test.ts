// The benchmark's harness: every contender must render the same HTML (so the
// timings compare the same work), and the check must notice a difference.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSameOutput, contenders, normalize } from '../../bench/template/contenders';

test('every contender renders the same HTML for every workload', () => {
  checkSameOutput(contenders());
});

test('the check fails when one contender differs', () => {
  const list = contenders();
  const broken = list[0];
  const original = broken.render.list;
  broken.render.list = () => original().replace('Published', 'Publishd');
  assert.throws(() => checkSameOutput(list), /renders "list" differently/);
});

test('normalization ignores whitespace between tags only', () => {
  assert.is(normalize('<a>\n  <b> x  y </b>\n</a>'), '<a><b>x y</b></a>');
});

test.run();

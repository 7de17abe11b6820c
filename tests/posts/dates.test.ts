import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datePrefix, parseDate, wallTimeOf, type DateResult } from '../../src/posts/dates.js';

/** The instant of a successful parse; fails the test with the reason otherwise. */
function instant(result: DateResult): number {
  if (!result.ok) assert.fail(`expected a date, got: ${result.reason}`);
  return result.ms;
}

describe('parseDate: the forms posts use', () => {
  test("Jekyll's `2022-01-11 09:13:28 +0800`", () => {
    assert.equal(instant(parseDate('2022-01-11 09:13:28 +0800', 'UTC')), Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('the explicit offset wins over the configured zone', () => {
    assert.equal(instant(parseDate('2022-01-11 09:13:28 +0800', 'America/New_York')), Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('ISO 8601 with Z', () => {
    assert.equal(instant(parseDate('2022-01-11T09:13:28Z', 'Asia/Shanghai')), Date.UTC(2022, 0, 11, 9, 13, 28));
  });

  test('ISO 8601 with +08:00', () => {
    assert.equal(instant(parseDate('2022-01-11T09:13:28+08:00', 'UTC')), Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('ISO 8601 with +0800', () => {
    assert.equal(instant(parseDate('2022-01-11T09:13:28+0800', 'UTC')), Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('ISO 8601 with a negative offset and minutes: -03:30', () => {
    assert.equal(instant(parseDate('2022-01-11T09:13:28-03:30', 'UTC')), Date.UTC(2022, 0, 11, 12, 43, 28));
  });

  test('ISO 8601 without offset, zone UTC', () => {
    assert.equal(instant(parseDate('2022-01-11T09:13:28', 'UTC')), Date.UTC(2022, 0, 11, 9, 13, 28));
  });

  test('a date-time without offset is read in the configured zone (Asia/Shanghai, +08:00)', () => {
    assert.equal(instant(parseDate('2022-01-11 09:13:28', 'Asia/Shanghai')), Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('a date-time without offset is read in the configured zone (America/New_York in winter, -05:00)', () => {
    assert.equal(instant(parseDate('2022-01-11T09:13:28', 'America/New_York')), Date.UTC(2022, 0, 11, 14, 13, 28));
  });

  test('date-only in Asia/Shanghai is local midnight: 2022-01-10T16:00:00Z, not UTC midnight', () => {
    assert.equal(new Date(instant(parseDate('2022-01-11', 'Asia/Shanghai'))).toISOString(), '2022-01-10T16:00:00.000Z');
  });

  test('date-only in UTC is UTC midnight', () => {
    assert.equal(instant(parseDate('2022-01-11', 'UTC')), Date.UTC(2022, 0, 11));
  });

  test('surrounding whitespace is ignored', () => {
    assert.equal(instant(parseDate('  2022-01-11T09:13:28Z \n', 'UTC')), Date.UTC(2022, 0, 11, 9, 13, 28));
  });

  test('minutes without seconds', () => {
    assert.equal(instant(parseDate('2022-01-11 09:13 +0800', 'UTC')), Date.UTC(2022, 0, 11, 1, 13, 0));
  });

  test('fractions of a second are exact to the millisecond for every 3-digit fraction', () => {
    const wrong: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const frac = String(i).padStart(3, '0');
      const r = parseDate(`2022-01-11T09:13:28.${frac}Z`, 'UTC');
      if (!r.ok || r.ms !== Date.UTC(2022, 0, 11, 9, 13, 28, i)) wrong.push(frac);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('parseDate: YAML 1.1 timestamp forms', () => {
  test('canonical lower-case t: 2001-12-14t21:59:43.10-05:00', () => {
    assert.equal(instant(parseDate('2001-12-14t21:59:43.10-05:00', 'UTC')), Date.UTC(2001, 11, 15, 2, 59, 43, 100));
  });

  test('space separated with a one-digit hour offset: 2001-12-14 21:59:43.10 -5', () => {
    assert.equal(instant(parseDate('2001-12-14 21:59:43.10 -5', 'UTC')), Date.UTC(2001, 11, 15, 2, 59, 43, 100));
  });

  test('a space before Z is still year 2022, not year 1', () => {
    const ms = instant(parseDate('2022-01-11 01:13:28 Z', 'Asia/Shanghai'));
    assert.equal(new Date(ms).getUTCFullYear(), 2022);
    assert.equal(ms, Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('one-digit month, day and hour: 2022-1-5 9:05:00 +0800', () => {
    assert.equal(instant(parseDate('2022-1-5 9:05:00 +0800', 'UTC')), Date.UTC(2022, 0, 5, 1, 5, 0));
  });
});

describe('parseDate: RFC 2822', () => {
  test('Tue, 11 Jan 2022 09:13:28 +0800', () => {
    assert.equal(instant(parseDate('Tue, 11 Jan 2022 09:13:28 +0800', 'UTC')), Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('without the weekday, with GMT', () => {
    assert.equal(instant(parseDate('11 Jan 2022 09:13:28 GMT', 'Asia/Shanghai')), Date.UTC(2022, 0, 11, 9, 13, 28));
  });

  test('without a zone it is read in the configured zone', () => {
    assert.equal(instant(parseDate('Tue, 11 Jan 2022 09:13:28', 'Asia/Shanghai')), Date.UTC(2022, 0, 11, 1, 13, 28));
  });

  test('an unknown month name is an error', () => {
    assert.deepEqual(parseDate('Tue, 11 Jnu 2022 09:13:28 +0800', 'UTC'), { ok: false, reason: 'unknown month "Jnu"' });
  });
});

describe('parseDate: invalid input is ok:false with a reason', () => {
  test('month 13', () => {
    assert.deepEqual(parseDate('2022-13-45', 'UTC'), { ok: false, reason: 'month 13 does not exist' });
  });

  test('30 February', () => {
    assert.deepEqual(parseDate('2022-02-30', 'UTC'), { ok: false, reason: 'day 30 does not exist in 2022-02' });
  });

  test('29 February in a common year, but not in a leap year', () => {
    assert.deepEqual(parseDate('2023-02-29', 'UTC'), { ok: false, reason: 'day 29 does not exist in 2023-02' });
    assert.equal(instant(parseDate('2024-02-29', 'UTC')), Date.UTC(2024, 1, 29));
  });

  test('hour 24 and minute 60', () => {
    assert.deepEqual(parseDate('2022-01-11T24:00:00Z', 'UTC'), { ok: false, reason: 'time 24:00:00 does not exist' });
    assert.deepEqual(parseDate('2022-01-11T09:60:00Z', 'UTC'), { ok: false, reason: 'time 09:60:00 does not exist' });
  });

  test('offset +25:00', () => {
    assert.deepEqual(parseDate('2022-01-11T09:13:28+25:00', 'UTC'), {
      ok: false,
      reason: '"+25:00" is not a UTC offset between -14:00 and +14:00',
    });
  });

  test('offsets just inside and just outside ±14:00', () => {
    assert.equal(instant(parseDate('2022-01-11T09:13:28+14:00', 'UTC')), Date.UTC(2022, 0, 10, 19, 13, 28));
    const r = parseDate('2022-01-11T09:13:28-14:01', 'UTC');
    assert.equal(r.ok, false);
  });

  test('year 999', () => {
    assert.deepEqual(parseDate('0999-06-01', 'UTC'), { ok: false, reason: 'year 999 is outside 1000-9999' });
  });

  test('year 10000', () => {
    const r = parseDate('10000-01-01', 'UTC');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /^"10000-01-01" is not a date/);
  });

  test('years 1000 and 9999 are the accepted bounds', () => {
    assert.equal(new Date(instant(parseDate('1000-01-01T00:00:00Z', 'UTC'))).toISOString(), '1000-01-01T00:00:00.000Z');
    assert.equal(new Date(instant(parseDate('9999-12-31T23:59:59Z', 'UTC'))).toISOString(), '9999-12-31T23:59:59.000Z');
  });

  test('garbage, and the empty string', () => {
    for (const text of ['下周二', 'yesterday', '']) {
      const r = parseDate(text, 'UTC');
      assert.equal(r.ok, false, text);
      assert.match(r.ok ? '' : r.reason, /is not a date such as 2022-01-11/, text);
    }
  });
});

describe('parseDate: daylight saving time in America/New_York', () => {
  test('02:30 on 2024-03-10 does not exist (clocks jump 02:00→03:00) and moves forward to 03:30 EDT', () => {
    assert.equal(new Date(instant(parseDate('2024-03-10 02:30', 'America/New_York'))).toISOString(), '2024-03-10T07:30:00.000Z');
  });

  test('01:30 on 2024-11-03 happens twice and is the earlier instant (EDT)', () => {
    assert.equal(new Date(instant(parseDate('2024-11-03 01:30', 'America/New_York'))).toISOString(), '2024-11-03T05:30:00.000Z');
  });

  test('the hours around the jumps are unambiguous', () => {
    assert.equal(instant(parseDate('2024-03-10 01:30', 'America/New_York')), Date.UTC(2024, 2, 10, 6, 30));
    assert.equal(instant(parseDate('2024-03-10 03:30', 'America/New_York')), Date.UTC(2024, 2, 10, 7, 30));
    assert.equal(instant(parseDate('2024-11-03 02:30', 'America/New_York')), Date.UTC(2024, 10, 3, 7, 30));
  });

  test('an explicit offset picks the later 01:30 on 2024-11-03', () => {
    assert.equal(instant(parseDate('2024-11-03 01:30 -0500', 'America/New_York')), Date.UTC(2024, 10, 3, 6, 30));
  });
});

describe('wallTimeOf', () => {
  test('UTC 16:00 on 2022-01-10 is midnight of 2022-01-11 in Asia/Shanghai', () => {
    assert.deepEqual(wallTimeOf(Date.UTC(2022, 0, 10, 16), 'Asia/Shanghai'), {
      year: 2022,
      month: 1,
      day: 11,
      hour: 0,
      minute: 0,
      second: 0,
      ms: 0,
    });
  });

  test('America/New_York in summer time is UTC-4, and milliseconds are kept', () => {
    assert.deepEqual(wallTimeOf(Date.UTC(2024, 6, 4, 3, 5, 9, 250), 'America/New_York'), {
      year: 2024,
      month: 7,
      day: 3,
      hour: 23,
      minute: 5,
      second: 9,
      ms: 250,
    });
  });

  test('round-trips with parseDate for a no-offset value', () => {
    const ms = instant(parseDate('2022-12-31 23:59:58', 'Asia/Shanghai'));
    assert.deepEqual(wallTimeOf(ms, 'Asia/Shanghai'), { year: 2022, month: 12, day: 31, hour: 23, minute: 59, second: 58, ms: 0 });
  });

  test('UTC is the identity', () => {
    assert.deepEqual(wallTimeOf(Date.UTC(2022, 0, 11, 9, 13, 28), 'UTC'), {
      year: 2022,
      month: 1,
      day: 11,
      hour: 9,
      minute: 13,
      second: 28,
      ms: 0,
    });
  });
});

describe('datePrefix', () => {
  test('splits a Jekyll post name into its date and the rest', () => {
    assert.deepEqual(datePrefix('2022-01-11-canal-market'), { date: '2022-01-11', rest: 'canal-market' });
  });

  test('keeps CJK and further hyphens in the rest', () => {
    assert.deepEqual(datePrefix('2022-01-11-运河-早市'), { date: '2022-01-11', rest: '运河-早市' });
  });

  test('one-digit month and day are allowed', () => {
    assert.deepEqual(datePrefix('2022-1-5-x'), { date: '2022-1-5', rest: 'x' });
  });

  test('no prefix', () => {
    assert.equal(datePrefix('canal-market'), undefined);
    assert.equal(datePrefix('2022-01-11'), undefined);
    assert.equal(datePrefix('22-01-11-short-year'), undefined);
  });
});

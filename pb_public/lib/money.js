// Money arrives from the server as integer minor units plus a currency; it
// stays an integer until this module turns it into the display string.

const formatters = new Map();

// decimalsOf gives the currency's minor-unit digits: the shop's own setting
// when known (currency records carry it), otherwise ISO 4217's via Intl.
export function decimalsOf(code, known) {
  if (Number.isInteger(known) && known >= 0 && known <= 4) return known;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

// minorToDecimal renders minor units as an exact decimal string:
// (1299, 2) → "12.99", (-50, 2) → "-0.50". No float is ever involved.
export function minorToDecimal(minor, decimals) {
  const negative = minor < 0;
  const digits = String(negative ? -minor : minor);
  let out = digits;
  if (decimals > 0) {
    const padded = digits.padStart(decimals + 1, '0');
    out = `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
  }
  return negative ? `-${out}` : out;
}

// formatMoney formats minor units for people: formatMoney(1299, {code:
// 'EUR', decimals: 2}) → "€12.99" (per the browser's locale). A bare code
// string works too.
export function formatMoney(minor, currency) {
  const code = typeof currency === 'string' ? currency : currency?.code;
  if (!Number.isSafeInteger(minor) || !code) return '';
  const decimals = decimalsOf(code, typeof currency === 'object' ? currency.decimals : undefined);
  const key = `${code}/${decimals}`;
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat(undefined, {
        style: 'currency', currency: code, minimumFractionDigits: decimals, maximumFractionDigits: decimals,
      });
    } catch {
      f = null;
    }
    formatters.set(key, f);
  }
  const dec = minorToDecimal(minor, decimals);
  // Intl formats a decimal string exactly (it is not parsed as a float).
  return f ? f.format(dec) : `${dec} ${code}`;
}

// formatRate shows basis points as a percentage with integer arithmetic:
// 1900 → "19%", 625 → "6.25%", 2050 → "20.5%".
export function formatRate(bp) {
  if (!Number.isSafeInteger(bp)) return '';
  const whole = Math.trunc(bp / 100);
  const frac = String(Math.abs(bp % 100)).padStart(2, '0').replace(/0$/, '');
  return frac && frac !== '0' ? `${whole}.${frac}%` : `${whole}%`;
}

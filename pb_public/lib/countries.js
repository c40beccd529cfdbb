// Countries for address and tax fields: ISO 3166-1 alpha-2 codes, named in
// the visitor's language by the browser.
const CODES = ('AD AE AL AM AR AT AU AZ BA BE BG BH BR BY CA CH CL CN CO CR CY CZ DE DK DO EC EE EG ES FI FR GB GE GR HK HR HU ID IE IL IN IS IT JP KE KR KZ '
  + 'LI LT LU LV MA MC MD ME MK MT MX MY NG NL NO NZ PE PH PK PL PT QA RO RS RU SA SE SG SI SK SM TH TN TR TW UA US UY VN ZA').split(' ');

let names = null;
try { names = new Intl.DisplayNames(undefined, { type: 'region' }); } catch { /* older engine: codes only */ }

export const countryName = (code) => (names && code ? names.of(code) : code) || code;

// countryOptions lists every country, sorted by name, for a select field.
export function countryOptions(prompt = 'Choose a country') {
  const list = CODES.map((c) => ({ value: c, label: countryName(c) })).sort((a, b) => a.label.localeCompare(b.label));
  return [{ value: '', label: prompt }, ...list];
}

package emails

import (
	"strings"
	"text/template"

	"github.com/ezscale/hostbase/hooks/money"
)

// funcs are the functions every template may call, besides text/template's
// built-ins.
func funcs(escape func(...any) string) template.FuncMap {
	return template.FuncMap{
		"money":    FormatMoney,
		escapeFunc: escape,
	}
}

// FormatMoney formats minor units of an ISO 4217 currency the way the
// invoice PDF prints them, "1,234.56 EUR", "-5.00 EUR", "1,200 JPY", so that
// an email and its invoice show the same string. Templates call it as
// {{money .Invoice.Total .Invoice.Currency}}. An unknown currency is an
// error: an email with a misread amount is worse than none.
func FormatMoney(minor int64, currency string) (string, error) {
	c, err := money.LookupCurrency(currency)
	if err != nil {
		return "", err
	}
	s := money.FormatMinor(minor, c.Decimals)
	sign := ""
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign, s = "-", rest
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if frac != "" {
		frac = "." + frac
	}
	return sign + groupThousands(intPart) + frac + " " + c.Code, nil
}

// groupThousands puts a comma every three digits from the right.
func groupThousands(digits string) string {
	var b strings.Builder
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}

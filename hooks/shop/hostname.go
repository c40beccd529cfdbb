package shop

import (
	"fmt"
	"strings"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/billing"
)

// maxHostname is the longest DNS name (RFC 1035).
const maxHostname = 253

// itemHostname checks an item's hostname and returns it lower-cased,
// without a trailing dot: a fully qualified name, because the panels set it
// as the server's name and its reverse DNS. A product that requires one
// refuses an item without it; any other product takes one when given.
func itemHostname(raw string, product *collections.Product, index int) (string, error) {
	host := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(raw)), ".")
	field := fmt.Sprintf("items.%d.hostname", index)
	if host == "" {
		if product.RequiresHostname() {
			return "", &billing.CartError{Field: field, Code: "validation_required", Message: fmt.Sprintf("%s needs a hostname, such as server1.example.com.", product.Name())}
		}
		return "", nil
	}
	if reason := hostnameProblem(host); reason != "" {
		return "", &billing.CartError{Field: field, Code: "validation_invalid_hostname", Message: fmt.Sprintf("%q is not a usable hostname: %s.", raw, reason)}
	}
	return host, nil
}

// hostnameProblem says what is wrong with a lower-cased hostname, "" when
// nothing is.
func hostnameProblem(host string) string {
	if len(host) > maxHostname {
		return fmt.Sprintf("it is longer than %d characters", maxHostname)
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return "give the full name, with its domain (server1.example.com)"
	}
	for _, l := range labels {
		switch {
		case l == "":
			return "it has an empty part between dots"
		case len(l) > 63:
			return "each part between dots is at most 63 characters"
		case l[0] == '-' || l[len(l)-1] == '-':
			return "a part cannot start or end with a hyphen"
		}
		for _, c := range l {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
				return "use only letters, digits, hyphens and dots"
			}
		}
	}
	if tld := labels[len(labels)-1]; strings.Trim(tld, "0123456789") == "" {
		return "the last part cannot be a number"
	}
	return ""
}

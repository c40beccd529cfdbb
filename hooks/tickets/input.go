package tickets

import (
	"errors"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/ezscale/hostbase/hooks/request"
)

// maxUpload bounds a multipart request: five attachments at their limit,
// and the text beside them.
const maxUpload = MaxAttachments*MaxAttachmentSize + 1<<20

// form is a route's input, from a JSON body or from multipart/form-data
// (which carries attachments).
type form struct {
	values map[string]string
	files  []*filesystem.File
}

func (f form) get(name string) string { return f.values[name] }

// readForm reads the named text fields and, from a multipart request, the
// attachments; a JSON body names only known fields, every value a string
// (or, for flags, a boolean).
func readForm(e *core.RequestEvent, names ...string) (form, error) {
	out := form{values: map[string]string{}}
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		raw := map[string]any{}
		if err := request.ReadJSON(e, &raw); err != nil {
			return out, err
		}
		for k, v := range raw {
			if !slices.Contains(names, k) {
				return out, request.FieldError(e, k, "validation_unknown_field", "Unknown field; the fields are: "+strings.Join(names, ", ")+".")
			}
			switch v := v.(type) {
			case string:
				out.values[k] = v
			case bool:
				out.values[k] = strconv.FormatBool(v)
			case nil:
			default:
				return out, request.FieldError(e, k, "validation_invalid_value", "Must be a string.")
			}
		}
		return out, nil
	}
	e.Request.Body = http.MaxBytesReader(e.Response, e.Request.Body, maxUpload)
	if err := e.Request.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return out, request.FieldError(e, "attachments", "validation_file_size_limit", "The request is too large: at most 5 attachments of up to 10 MB each.")
		}
		return out, request.FieldError(e, "body", "validation_invalid_form", "The body must be multipart/form-data or JSON: "+err.Error())
	}
	for k := range e.Request.MultipartForm.Value {
		if !slices.Contains(names, k) {
			return out, request.FieldError(e, k, "validation_unknown_field", "Unknown field; the fields are: "+strings.Join(names, ", ")+", attachments.")
		}
		out.values[k] = e.Request.MultipartForm.Value[k][0]
	}
	for k := range e.Request.MultipartForm.File {
		if k != "attachments" {
			return out, request.FieldError(e, k, "validation_unknown_field", "Files go in the field attachments.")
		}
	}
	if len(e.Request.MultipartForm.File["attachments"]) > 0 {
		files, err := e.FindUploadedFiles("attachments")
		if err != nil {
			return out, request.FieldError(e, "attachments", "validation_invalid_file", "Cannot read the attachments: "+err.Error())
		}
		out.files = files
	}
	return out, nil
}

// writeError answers a refused save: a 400 naming the field for a
// validation error, a 500 otherwise.
func writeError(e *core.RequestEvent, err error) error {
	var ve validation.Errors
	if errors.As(err, &ve) {
		return e.BadRequestError("The ticket was not changed: "+firstMessage(ve), ve)
	}
	return e.InternalServerError("", err)
}

func firstMessage(ve validation.Errors) string {
	for _, err := range ve {
		var v validation.Error
		if errors.As(err, &v) {
			return v.Message()
		}
		return err.Error()
	}
	return ""
}

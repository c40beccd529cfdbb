package tickets

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// The limits of ticket_messages.attachments, checked here first so that a
// refusal says what is wrong in words a customer can act on.
const (
	MaxAttachments    = 5
	MaxAttachmentSize = 10 << 20
)

// attachmentTypes are the content types accepted, by what the bytes are,
// not by the name: images, PDF, text and logs.
var attachmentTypes = []string{
	"image/png", "image/jpeg", "image/gif", "image/webp",
	"application/pdf", "text/plain", "text/csv", "application/json",
}

// executableExtensions are refused whatever the bytes look like: a mail
// client or a desktop opens such a file by its name.
var executableExtensions = map[string]bool{
	".exe": true, ".com": true, ".bat": true, ".cmd": true, ".scr": true, ".pif": true, ".msi": true, ".msp": true,
	".dll": true, ".cpl": true, ".jar": true, ".js": true, ".jse": true, ".vbs": true, ".vbe": true, ".wsf": true,
	".ps1": true, ".psm1": true, ".sh": true, ".bash": true, ".apk": true, ".app": true, ".dmg": true, ".deb": true,
	".rpm": true, ".lnk": true, ".hta": true, ".reg": true, ".elf": true, ".bin": true, ".run": true, ".svg": true,
	".html": true, ".htm": true,
}

const acceptedKinds = "images (PNG, JPEG, GIF, WebP), PDF, text, CSV, JSON or log files"

// checkAttachments refuses too many files, a file too large, a file whose
// name is an executable's, and a file whose content is not an accepted
// type (a program renamed photo.png included), naming the field.
func checkAttachments(field string, files []*filesystem.File) error {
	fail := func(code, msg string) error {
		return validation.Errors{field: validation.NewError(code, msg)}
	}
	if len(files) > MaxAttachments {
		return fail("validation_too_many_files", fmt.Sprintf("At most %d attachments per message; %d were sent.", MaxAttachments, len(files)))
	}
	for _, f := range files {
		if f == nil {
			continue
		}
		name := f.OriginalName
		if f.Size > MaxAttachmentSize {
			return fail("validation_file_size_limit", fmt.Sprintf("%q is %d KB: each attachment may be up to %d MB.", name, f.Size>>10, MaxAttachmentSize>>20))
		}
		if executableExtensions[strings.ToLower(filepath.Ext(name))] {
			return fail("validation_forbidden_file", fmt.Sprintf("%q looks like a program or a web page, which is not accepted; attach %s.", name, acceptedKinds))
		}
		kind, err := detect(f)
		if err != nil {
			return fail("validation_unreadable_file", fmt.Sprintf("%q cannot be read.", name))
		}
		if !accepted(kind) {
			return fail("validation_invalid_mime_type", fmt.Sprintf("%q is %s, which is not accepted; attach %s.", name, kind.String(), acceptedKinds))
		}
	}
	return nil
}

func detect(f *filesystem.File) (*mimetype.MIME, error) {
	r, err := f.Reader.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return mimetype.DetectReader(r)
}

func accepted(kind *mimetype.MIME) bool {
	for _, t := range attachmentTypes {
		if kind.Is(t) {
			return true
		}
	}
	return false
}

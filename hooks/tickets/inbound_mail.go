package tickets

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"

	"github.com/pocketbase/pocketbase/tools/filesystem"
	"golang.org/x/text/encoding/htmlindex"
)

// MaxInboundSize bounds a raw inbound message: five attachments at their
// limit, base64-encoded, and the text.
const MaxInboundSize = 70 << 20

// maxParts bounds how many MIME parts a message may have, nested or not.
const maxParts = 100

// inboundMail is what Hostbase reads of an emailed reply.
type inboundMail struct {
	MessageID  string
	From       string // the sender's address, lower case
	Recipients []string
	Subject    string
	// Text is the reply's new text: text/plain preferred, else the HTML
	// part as text, with the quoted earlier mail and signature removed.
	Text        string
	Attachments []*filesystem.File
	// Dropped names attachments that were not kept (not an accepted type,
	// too large, or too many).
	Dropped []string
	// AutoReply is set for a message a machine wrote (an out-of-office
	// answer, a bounce, a list), by RFC 3834's Auto-Submitted or the
	// headers the usual mail servers add.
	AutoReply bool
}

var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return enc.NewDecoder().Reader(r), nil
}

// parseInbound reads a raw RFC 5322 message.
func parseInbound(raw []byte) (*inboundMail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("not an RFC 5322 message: %w", err)
	}
	h := msg.Header
	out := &inboundMail{MessageID: strings.TrimSpace(h.Get("Message-Id"))}
	from, err := mail.ParseAddress(decodeHeader(h.Get("From")))
	if err != nil {
		return nil, fmt.Errorf("the From header holds no address: %w", err)
	}
	out.From = strings.ToLower(from.Address)
	for _, name := range []string{"To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"} {
		for _, v := range h[textproto.CanonicalMIMEHeaderKey(name)] {
			if list, err := mail.ParseAddressList(decodeHeader(v)); err == nil {
				for _, a := range list {
					out.Recipients = append(out.Recipients, a.Address)
				}
			} else {
				out.Recipients = append(out.Recipients, strings.TrimSpace(v))
			}
		}
	}
	out.Subject = decodeHeader(h.Get("Subject"))
	out.AutoReply = isAutoReply(h)

	w := &partWalker{}
	if err := w.walk(textproto.MIMEHeader(h), msg.Body, 0); err != nil {
		return nil, err
	}
	text := w.plain
	if strings.TrimSpace(text) == "" {
		text = PlainText(w.html)
	}
	out.Text = StripQuoted(text)
	out.Attachments, out.Dropped = w.files, w.dropped
	return out, nil
}

func isAutoReply(h mail.Header) bool {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "bulk", "junk", "list", "auto_reply":
		return true
	}
	return h.Get("X-Autoreply") != "" || h.Get("X-Autorespond") != "" || h.Get("X-Auto-Response-Suppress") == "All" ||
		strings.HasPrefix(strings.ToLower(h.Get("Return-Path")), "<>")
}

func decodeHeader(v string) string {
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		return d
	}
	return v
}

// partWalker collects a message's first text/plain and text/html parts and
// its attachments, depth first.
type partWalker struct {
	plain, html string
	files       []*filesystem.File
	dropped     []string
	parts       int
}

func (w *partWalker) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	w.parts++
	if w.parts > maxParts || depth > 10 {
		return errors.New("the message has too many MIME parts")
	}
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mediaType, params = "text/plain", map[string]string{}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("malformed multipart: %w", err)
			}
			if err := w.walk(p.Header, p, depth+1); err != nil {
				return err
			}
		}
	}

	decoded := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := decodeHeader(dparams["filename"])
	if filename == "" {
		filename = decodeHeader(params["name"])
	}
	isText := mediaType == "text/plain" || mediaType == "text/html"
	if isText && disposition != "attachment" && filename == "" {
		r := decoded
		if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
			if cr, err := charsetReader(cs, decoded); err == nil {
				r = cr
			}
		}
		data, err := io.ReadAll(io.LimitReader(r, MaxInboundSize))
		if err != nil {
			return fmt.Errorf("cannot decode a text part: %w", err)
		}
		if mediaType == "text/plain" && w.plain == "" {
			w.plain = string(data)
		} else if mediaType == "text/html" && w.html == "" {
			w.html = string(data)
		}
		return nil
	}
	if filename == "" {
		// An unnamed inline part that is not text (a signature logo):
		// nothing the ticket needs.
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(decoded, MaxAttachmentSize+1))
	if err != nil {
		w.dropped = append(w.dropped, filename)
		return nil
	}
	f, err := filesystem.NewFileFromBytes(data, filename)
	if err != nil || len(w.files) >= MaxAttachments || checkAttachments("attachments", []*filesystem.File{f}) != nil {
		w.dropped = append(w.dropped, filename)
		return nil
	}
	w.files = append(w.files, f)
	return nil
}

// decodeTransfer undoes a Content-Transfer-Encoding.
func decodeTransfer(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &lineStripper{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// lineStripper drops line breaks and spaces, which base64 in mail has
// every 76 characters and Go's decoder does not accept.
type lineStripper struct{ r io.Reader }

func (l *lineStripper) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
			p[j] = c
			j++
		}
	}
	return j, err
}

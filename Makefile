# Hostbase developer workflow. `make run` and `make test` are the two commands
# a newcomer needs; everything else is for working on Hostbase itself.

GO       ?= go
BIN      := bin
DATA     ?= pb_data
ADDR     ?= 127.0.0.1:8090
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)

# Every main package under plugins/ is a provisioner plugin binary.
PLUGINS  := $(shell $(GO) list -f '{{if eq .Name "main"}}{{.Dir}}{{end}}' ./plugins/... 2>/dev/null)

# Test servers, pinned in tools/go.mod apart from the product's dependencies.
GO_TOOLS := github.com/axllent/mailpit github.com/stripe/stripe-mock github.com/rakyll/hey

# protoc generators for `make proto`, pinned.
PROTOC_GEN_GO      := google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.11
PROTOC_GEN_GO_GRPC := google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.0

export CGO_ENABLED := 0
export GOTOOLCHAIN := local

.PHONY: build run test tools bench lint proto clean

## build: the hostbase binary and every provisioner plugin into bin/
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/hostbase .
	@for dir in $(PLUGINS); do \
		name=$$(basename $$dir); \
		echo "$(GO) build -o $(BIN)/plugins/hostbase-provisioner-$$name ./plugins/$$name"; \
		$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/plugins/hostbase-provisioner-$$name $$dir || exit 1; \
	done

## run: build, seed the demo shop on first start, and serve on $(ADDR)
run: build
	$(BIN)/hostbase demo --if-empty --dir $(DATA)
	@echo
	@echo "  Storefront: http://$(ADDR)/"
	@echo "  Dashboard:  http://$(ADDR)/_/"
	@echo
	$(BIN)/hostbase serve --dir $(DATA) --http $(ADDR)

## tools: compile the pinned test servers (cold: about two minutes)
tools:
	cd tools && GOWORK=off $(GO) build $(GO_TOOLS) && \
		for t in mailpit stripe-mock hey; do GOWORK=off $(GO) tool -n $$t >/dev/null || exit 1; done

## test: every test (Go unit, API, end-to-end against the built binary)
test: build tools
	HOSTBASE_BIN=$(CURDIR)/$(BIN)/hostbase $(GO) test -p 2 -timeout 15m ./...

## bench: Go benchmarks, then the foundation's HTTP figures against bare PocketBase
bench: build tools
	$(GO) test -run '^$$' -bench . -benchmem ./...
	bench/foundation.sh

## lint: gofmt and go vet must be silent
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.pb\.go$$')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## proto: regenerate the plugin gRPC code from plugins/proto/*.proto (the
## answer for a method a plugin lacks says so in words a plugin author reads)
proto:
	@command -v protoc >/dev/null || { echo "protoc is missing: apt-get install -y protobuf-compiler"; exit 1; }
	GOBIN=$(CURDIR)/$(BIN)/tools $(GO) install $(PROTOC_GEN_GO)
	GOBIN=$(CURDIR)/$(BIN)/tools $(GO) install $(PROTOC_GEN_GO_GRPC)
	@set -e; files=$$(ls plugins/proto/*.proto 2>/dev/null || true); \
	if [ -z "$$files" ]; then echo "no .proto files under plugins/proto"; exit 0; fi; \
	PATH=$(CURDIR)/$(BIN)/tools:$$PATH protoc -I plugins/proto \
		--go_out=plugins/proto --go_opt=paths=source_relative \
		--go-grpc_out=plugins/proto --go-grpc_opt=paths=source_relative $$files; \
	sed -i 's/method \(.*\) not implemented"/method \1 is not offered by this plugin"/' plugins/proto/*_grpc.pb.go

clean:
	rm -rf $(BIN)

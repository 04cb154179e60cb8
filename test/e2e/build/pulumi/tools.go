//go:build tools

// Package tools pins the Pulumi CLI. The Node.js language host is not built
// here: its module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// is not served by the Go module proxy reachable here; see ../../README.md.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"

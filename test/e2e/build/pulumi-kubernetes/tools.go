//go:build tools

// Package tools pins the Pulumi Kubernetes resource provider plugin.
package tools

import _ "github.com/pulumi/pulumi-kubernetes/provider/v4/cmd/pulumi-resource-kubernetes"

//go:build tools

// Wrapper module of the e2e test (test/e2e/build/build.sh): pins the Katib module at one
// version; the blank import keeps the controller's main package (and so its deps) in go.mod.
package tools

import _ "github.com/kubeflow/katib/cmd/katib-controller/v1beta1"

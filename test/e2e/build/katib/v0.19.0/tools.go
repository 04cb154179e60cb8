//go:build tools

// Wrapper module of the e2e test (test/e2e/build/build.sh): pins the Katib module at one
// version; the blank imports keep the controller's main package and the Goptuna suggestion
// service (and so their deps) in go.mod.
package tools

import (
	_ "github.com/kubeflow/katib/cmd/katib-controller/v1beta1"
	_ "github.com/kubeflow/katib/cmd/suggestion/goptuna/v1beta1"
)

//go:build !cm_v1_16

package main

import (
	config "github.com/cert-manager/cert-manager/internal/apis/config/controller"
	"github.com/cert-manager/cert-manager/pkg/controller"
)

// 1.19 and later: the ingress-shim's extra annotations; the factory makes clock, metrics and
// the ACME account registry itself.
func versionOptions(cfg *config.ControllerConfiguration, o *controller.ContextOptions) {
	o.IngressShimOptions.ExtraCertificateAnnotations = cfg.IngressShimConfig.ExtraCertificateAnnotations
}

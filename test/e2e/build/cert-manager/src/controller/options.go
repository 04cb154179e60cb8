package main

import (
	"context"

	config "github.com/cert-manager/cert-manager/internal/apis/config/controller"
	"github.com/cert-manager/cert-manager/pkg/controller"
)

// contextOptions maps the configuration to the controllers' options, as upstream's main does;
// versionOptions (options_*.go) sets what differs between minor versions.
func contextOptions(cfg *config.ControllerConfiguration) controller.ContextOptions {
	o := controller.ContextOptions{
		APIServerHost: cfg.APIServerHost, Kubeconfig: cfg.KubeConfig,
		KubernetesAPIQPS: cfg.KubernetesAPIQPS, KubernetesAPIBurst: cfg.KubernetesAPIBurst,
		Namespace: cfg.Namespace,
		IssuerOptions: controller.IssuerOptions{
			ClusterResourceNamespace:        cfg.ClusterResourceNamespace,
			ClusterIssuerAmbientCredentials: cfg.ClusterIssuerAmbientCredentials,
			IssuerAmbientCredentials:        cfg.IssuerAmbientCredentials,
		},
		ACMEOptions: controller.ACMEOptions{
			HTTP01SolverImage:                 cfg.ACMEHTTP01Config.SolverImage,
			HTTP01SolverResourceRequestCPU:    quantity(cfg.ACMEHTTP01Config.SolverResourceRequestCPU),
			HTTP01SolverResourceRequestMemory: quantity(cfg.ACMEHTTP01Config.SolverResourceRequestMemory),
			HTTP01SolverResourceLimitsCPU:     quantity(cfg.ACMEHTTP01Config.SolverResourceLimitsCPU),
			HTTP01SolverResourceLimitsMemory:  quantity(cfg.ACMEHTTP01Config.SolverResourceLimitsMemory),
			ACMEHTTP01SolverRunAsNonRoot:      cfg.ACMEHTTP01Config.SolverRunAsNonRoot,
			HTTP01SolverNameservers:           cfg.ACMEHTTP01Config.SolverNameservers,
			DNS01CheckAuthoritative:           !cfg.ACMEDNS01Config.RecursiveNameserversOnly,
			DNS01Nameservers:                  cfg.ACMEDNS01Config.RecursiveNameservers,
			DNS01CheckRetryPeriod:             cfg.ACMEDNS01Config.CheckRetryPeriod,
		},
		IngressShimOptions: controller.IngressShimOptions{
			DefaultIssuerName:                 cfg.IngressShimConfig.DefaultIssuerName,
			DefaultIssuerKind:                 cfg.IngressShimConfig.DefaultIssuerKind,
			DefaultIssuerGroup:                cfg.IngressShimConfig.DefaultIssuerGroup,
			DefaultAutoCertificateAnnotations: cfg.IngressShimConfig.DefaultAutoCertificateAnnotations,
		},
		CertificateOptions: controller.CertificateOptions{EnableOwnerRef: cfg.EnableCertificateOwnerRef, CopiedAnnotationPrefixes: cfg.CopiedAnnotationPrefixes},
		SchedulerOptions:   controller.SchedulerOptions{MaxConcurrentChallenges: cfg.MaxConcurrentChallenges},
		ConfigOptions:      controller.ConfigOptions{EnableGatewayAPI: cfg.EnableGatewayAPI},
	}
	versionOptions(cfg, &o)
	return o
}

func startInformers(ctx context.Context, c *controller.Context) {
	c.SharedInformerFactory.Start(ctx.Done())
	c.KubeSharedInformerFactory.Start(ctx.Done())
	c.HTTP01ResourceMetadataInformersFactory.Start(ctx.Done())
	if c.GatewaySolverEnabled {
		c.GWShared.Start(ctx.Done())
	}
}

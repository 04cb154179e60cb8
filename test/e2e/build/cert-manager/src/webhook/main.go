// cert-manager's webhook, for the e2e test only: upstream's main package is in its own Go module
// (cmd/webhook), which the module proxy does not serve. This main parses the flags with the
// cert-manager module's own webhook options (every upstream flag, upstream defaults) and runs the
// cert-manager module's webhook server (validation, mutation, conversion of cert-manager types,
// serving certificate from the dynamic CA in the Secret the flags name).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/cert-manager/cert-manager/internal/webhook"
	logf "github.com/cert-manager/cert-manager/pkg/logs"
	utilfeature "github.com/cert-manager/cert-manager/pkg/util/feature"
	"github.com/cert-manager/cert-manager/pkg/webhook/options"
)

func fail(err error) {
	fmt.Fprintf(os.Stderr, "cert-manager-webhook: %v\n", err)
	os.Exit(1)
}

func main() {
	cfg, err := options.NewWebhookConfiguration()
	if err != nil {
		fail(err)
	}
	fs := pflag.NewFlagSet("webhook", pflag.ContinueOnError)
	options.AddConfigFlags(fs, cfg)
	if err := fs.Parse(os.Args[1:]); err != nil {
		fail(err)
	}
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(cfg.FeatureGates); err != nil {
		fail(err)
	}
	if err := logf.ValidateAndApply(&cfg.Logging); err != nil {
		fail(err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	log := logf.FromContext(logf.NewContext(ctx, logf.Log, "webhook"))
	srv, err := webhook.NewCertManagerWebhookServer(log, *cfg)
	if err != nil {
		fail(err)
	}
	if err := srv.Run(ctx); err != nil {
		fail(err)
	}
}

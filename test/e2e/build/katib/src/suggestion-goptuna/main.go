// Katib's Goptuna suggestion service (algorithms cmaes, sobol, tpe, ...) for the e2e test
// (test/e2e/README.md, Katib): upstream's cmd/suggestion/goptuna/v1beta1 main, with the same
// gRPC server, suggestion service and health service, and one flag of ours.
//   - Upstream listens on the constant 0.0.0.0:6789 (the container port). Here the process runs
//     on the host beside other Suggestions and other e2e runs, so --addr binds a free loopback
//     port instead (default: upstream's address).
//   - --kubeconfig is accepted and ignored: the harness passes one to every process it runs, and
//     this service never talks to the API server.
package main

import (
	"context"
	"flag"
	"net"

	health_pb "github.com/kubeflow/katib/pkg/apis/manager/health"
	api_v1_beta1 "github.com/kubeflow/katib/pkg/apis/manager/v1beta1"
	suggestion "github.com/kubeflow/katib/pkg/suggestion/v1beta1/goptuna"
	"google.golang.org/grpc"
	"k8s.io/klog/v2"
)

type healthService struct{}

// Check answers SERVING, as upstream's does (the kubelet's gRPC readiness probe asks it).
func (s *healthService) Check(ctx context.Context, in *health_pb.HealthCheckRequest) (*health_pb.HealthCheckResponse, error) {
	return &health_pb.HealthCheckResponse{Status: health_pb.HealthCheckResponse_SERVING}, nil
}

func main() {
	addr := flag.String("addr", "0.0.0.0:6789", "e2e: the address to serve gRPC on")
	flag.String("kubeconfig", "", "e2e: ignored (the service does not use the API server)")
	flag.Parse()
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		klog.Fatalf("Failed to listen: %v", err)
	}
	srv := grpc.NewServer()
	api_v1_beta1.RegisterSuggestionServer(srv, suggestion.NewSuggestionService())
	health_pb.RegisterHealthServer(srv, &healthService{})

	klog.Infof("Start Goptuna suggestion service: %s", *addr)
	if err := srv.Serve(l); err != nil {
		klog.Fatalf("Failed to serve: %v", err)
	}
}

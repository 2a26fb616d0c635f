/* GET /metrics: the Prometheus text format. */

#include "config.h"

#include <microhttpd.h>

#include "util/util.h"
#include "daemon/daemon.h"

static void	route_metrics_handle(struct request *, const char *);

const struct route route_metrics = {
	"GET", "/metrics", "metrics", route_metrics_handle, 0
};

/* Render every counter. */
static void
route_metrics_handle(struct request *r, const char *rest)
{
	struct buf	b;

	buf_init(&b, 0);
	metrics_render(&b);
	reply_text(r, MHD_HTTP_OK, "text/plain; version=0.0.4", b.data, b.len);
	buf_free(&b);
}

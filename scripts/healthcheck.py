"""Container healthcheck: GET /healthz on the local gunicorn, exit 0 when it answers 200.

Standard library only (the slim image has no curl). It presents itself the way the TLS proxy in front of
production does: a Host from DJANGO_ALLOWED_HOSTS and X-Forwarded-Proto: https, so that ALLOWED_HOSTS and
SECURE_SSL_REDIRECT answer the check instead of refusing or redirecting it.
"""

import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def probe_host() -> str:
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")  # ".example.gov.cn" allows example.gov.cn itself
        if host and "*" not in host:
            return host
    return "localhost"


def main() -> int:
    request = urllib.request.Request(URL, headers={"Host": probe_host(), "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"healthcheck: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

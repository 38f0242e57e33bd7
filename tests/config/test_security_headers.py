"""Every page tells the browser it may use no device (camera, location…) and what a script may load from."""

import pytest

from config.security_headers import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


def test_the_login_page_and_a_signed_in_page_carry_the_permissions_policy_and_the_csp(client, personas, login):
    for response in (client.get("/accounts/login/"), login(personas.cadre_a).get("/")):
        assert response.status_code == 200
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
        # Enforced: no template runs inline script any more (tests/config/test_no_inline_scripts.py).
        assert "Content-Security-Policy-Report-Only" not in response
        csp = response["Content-Security-Policy"]
        assert csp == CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
        assert "script-src 'self' 'unsafe-inline'" not in csp

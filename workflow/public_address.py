"""The address printed on a village's QR poster: the one farmers' phones can open.

On the 政务外网 a cadre browses the platform by an intranet address (10.x, a bare host name); a poster built from the
request would print a QR code no phone outside can open. settings.SHOUWANG_PUBLIC_BASE_URL names the public address;
without it the request's is used, and the poster page warns when that one looks internal."""

import ipaddress

import segno
from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.html import escape

MSG_INTERNAL_ADDRESS = "当前为内网地址，农户手机可能无法打开；请系统管理员配置对外访问地址"
# Suffixes only resolvable inside an organisation's own network (RFC 6761/6762, common intranet practice).
INTERNAL_SUFFIXES = (".localhost", ".local", ".lan", ".internal", ".intranet", ".home.arpa")


def public_url(request: HttpRequest, path: str) -> str:
    """The absolute address of one of our paths (reverse()) as farmers reach it."""
    base = settings.SHOUWANG_PUBLIC_BASE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def application_qr(request: HttpRequest, *, token: str, title: str) -> tuple[str, str]:
    """A village's self-application address and its QR code as inline SVG (no image file, prints sharp at any
    size; the only text in it is the escaped title), for the poster and the 明白卡."""
    url = public_url(request, reverse("apply:form", kwargs={"token": token}))
    return url, segno.make(url, error="m").svg_inline(omitsize=True, border=2, title=escape(title))


def host_looks_internal(host: str) -> bool:
    """A private, loopback or link-local IP address, localhost, or an intranet name: one without a dot
    (http://shouwang/) or under an intranet-only suffix. A public name may still be firewalled: this only catches
    the addresses that certainly are not reachable from a phone on the mobile network."""
    name, _port = split_domain_port(host)
    name = name.strip("[]").lower()
    if not name:
        return False
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name == "localhost" or "." not in name or name.endswith(INTERNAL_SUFFIXES)
    return address.is_private or address.is_loopback or address.is_link_local


def internal_address_warning(request: HttpRequest) -> str:
    """The poster page's warning when no public address is configured and the page's own one looks internal."""
    if settings.SHOUWANG_PUBLIC_BASE_URL or not host_looks_internal(request.get_host()):
        return ""
    return MSG_INTERNAL_ADDRESS

# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the Makakoo Organization Service API, up to and including C(/v1/api).
      - If not set, the value of the E(MAKAKOO_API_URL) environment variable is used.
    type: str
    default: https://api.makakoo.com/ma-metrics-wsp-ms/v1/api
  api_key:
    description:
      - API key that identifies the client application. Sent as the C(Api-Key) header on every request.
      - If not set, the value of the E(MAKAKOO_API_KEY) environment variable is used.
      - Required, either as this option or as the environment variable.
    type: str
  access_token:
    description:
      - Access token (a JWT from the Makakoo Auth service) that identifies the acting user.
        Sent in the C(Authorization) header as a bearer token on every request.
      - If not set, the value of the E(MAKAKOO_ACCESS_TOKEN) environment variable is used.
      - Required unless O(username) and O(password), or O(refresh_token), are given.
      - Wins over O(username), O(password) and O(refresh_token) when several are set.
    type: str
    aliases: [token]
  auth_url:
    description:
      - Base URL of the Makakoo Auth service, used only to exchange O(username) and O(password)
        or O(refresh_token) for an access token.
      - If not set, the value of the E(MAKAKOO_AUTH_URL) environment variable is used.
    type: str
    default: https://api.makakoo.com/ma-authentication-ms/v1/api
  username:
    description:
      - E-mail address of the acting user, exchanged with O(password) for an access token once per task.
      - Used only when no O(access_token) is given.
      - Not masked as a secret, unlike O(password). It is the caller's e-mail address, which member
        lists, results and diffs show; masking it would hide the caller there too.
      - If not set, the value of the E(MAKAKOO_USERNAME) environment variable is used.
    type: str
  password:
    description:
      - Password of O(username).
      - If not set, the value of the E(MAKAKOO_PASSWORD) environment variable is used.
    type: str
  refresh_token:
    description:
      - Refresh token exchanged for an access token once per task. Used only when neither
        O(access_token) nor O(username) and O(password) are given.
      - An Auth service that rotates refresh tokens accepts each one only once, so that the second
        task using the same refresh token fails. Use O(username) and O(password) for plays with several tasks then.
      - If not set, the value of the E(MAKAKOO_REFRESH_TOKEN) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the service's TLS certificate. Set to V(false) only for a test service
        with a self-signed certificate.
      - If not set, the value of the E(MAKAKOO_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates used to verify the service's certificate,
        for example a corporate TLS-inspecting proxy's CA.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection to the service, and for each read of its response.
        Must be greater than 0 and at most 86400 (one day).
      - A read request that times out is retried as described in the notes, so one task can
        wait several times this long.
    type: int
    default: 30
notes:
  - An option given in the task wins over its environment variable. An empty option or variable
    counts as unset, so a C(lookup) of an unset environment variable in C(module_defaults) does not
    hide a username and password given elsewhere. An environment variable that is
    set but empty counts as unset, because AWX and Automation Controller set every variable of a
    credential type, empty when its field is blank.
  - Use O(api_key) and O(access_token) once per play through
    C(module_defaults) with the action group C(group/makakoo.platform.makakoo).
  - Transient faults (HTTP 429, 502, 503, 504, connection errors and responses that break off)
    are retried for reads, updates and deletions, at most 4 attempts with at most 30 seconds of
    waiting in total, honouring C(Retry-After) in seconds or as an HTTP date. A request that
    creates something is retried only on HTTP 429 or when the connection could not be opened,
    so it is never sent twice.
  - Credentials are never returned, logged or shown in a diff.
  - HTTP redirects are not followed, so that the credentials go only to O(api_url) and O(auth_url).
    A redirect fails the task with its target, to use as the new URL.
requirements:
  - requests
"""

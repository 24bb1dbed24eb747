# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Flask helpers shared by the API, Auth and control routes.

They find the emulator state of the running app, build JSON:API documents
(one resource, or one page of a collection with ``links.next``) and parse
request bodies into 400 or 422 errors.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

from flask import Response, current_app, request

from . import errors
from .errors import ApiError
from .resources import Resource
from .state import EmulatorState

STATE_EXTENSION = "makakoo_emulator.state"


def current_state() -> EmulatorState:
    return current_app.extensions[STATE_EXTENSION]


def json_response(document: Any, status: int = 200) -> Response:
    response = current_app.json.response(document)
    response.status_code = status
    return response


def no_content() -> Response:
    return current_app.response_class(status=204)


def error_response(error: ApiError) -> Response:
    return json_response(error.to_body(), error.status)


def single(resource: Resource, included: Optional[List[Resource]] = None) -> Response:
    """Build a response with one resource.

    The resource's ``meta`` is also copied to the top level, so that a client finds
    ``meta.can`` in either place.
    """
    document: Dict[str, Any] = {"data": resource}
    if "meta" in resource:
        document["meta"] = resource["meta"]
    if included is not None:
        document["included"] = included
    return json_response(document)


def collection(resources: List[Resource]) -> Response:
    """Build a response with the page of ``resources`` that the ``page`` query parameter selects (1-based).

    ``links.next`` is the absolute URL of the next page, with every other query
    parameter kept, or null on the last page. A page past the end is empty.
    """
    page = _requested_page()
    page_size = current_state().page_size
    start = (page - 1) * page_size
    has_next = start + page_size < len(resources)
    return json_response(
        {
            "data": resources[start:start + page_size],
            "meta": {"page": page, "per_page": page_size, "total_count": len(resources)},
            "links": {"next": _page_url(page + 1) if has_next else None},
        }
    )


def _requested_page() -> int:
    value = request.args.get("page")
    if value is None:
        return 1
    try:
        page = int(value)
    except ValueError:
        page = 0
    if page < 1:
        raise errors.validation_error("Invalid page %r. Pages are numbered from 1." % value)
    return page


def _page_url(page: int) -> str:
    parameters = []
    page_written = False
    for key, value in request.args.items(multi=True):
        if key != "page":
            parameters.append((key, value))
        elif not page_written:
            parameters.append(("page", str(page)))
            page_written = True
    if not page_written:
        parameters.append(("page", str(page)))
    return request.base_url + "?" + urlencode(parameters, safe=",")


def read_json_body(required: bool = True) -> Any:
    """Parse the request body as JSON. An empty body is None, or a 422 when ``required``."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise errors.validation_error("The request body is empty. Send a JSON document.")
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError as error:
        raise ApiError(400, errors.INVALID_JSON, "The request body is not valid JSON: %s" % error) from None


def read_resource_body(expected_type: str, resource_id: Optional[str] = None) -> Dict[str, Any]:
    """Parse a ``{"data": {"type", "id"?, "attributes"}}`` body and return its attributes.

    ``data.type`` must equal ``expected_type``. When the body carries ``data.id``, it
    must equal ``resource_id``, the id in the path.
    """
    document = read_json_body()
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise errors.validation_error(
            'The request body must be {"data": {"type": "%s", "attributes": {...}}}.' % expected_type
        )
    if data.get("type") != expected_type:
        raise errors.validation_error("data.type must be %r, got %r." % (expected_type, data.get("type")))
    if resource_id is not None and data.get("id") is not None and str(data["id"]) != resource_id:
        raise errors.validation_error(
            "data.id %r does not match the id %s in the path." % (data["id"], resource_id)
        )

    attributes = data.get("attributes", {})
    if not isinstance(attributes, dict):
        raise errors.validation_error("data.attributes must be an object.")
    return attributes

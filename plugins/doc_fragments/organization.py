# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  organization:
    description:
      - Exact name of the organization to act on.
      - A name that matches several organizations fails, listing their ids; use O(organization_id) then.
      - Exactly one of O(organization) and O(organization_id) is required.
    type: str
  organization_id:
    description:
      - Id of the organization to act on. Ids are opaque strings, also for legacy numeric ids.
      - Exactly one of O(organization) and O(organization_id) is required.
    type: str
"""

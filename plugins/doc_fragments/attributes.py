# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The attributes every module of the collection shares. Modules document
    # check_mode and diff_mode themselves, with the builtin
    # action_common_attributes fragment giving their descriptions.
    DOCUMENTATION = r"""
attributes:
  platform:
    platforms: all
  action_group:
    description: Part of the action group, so that C(module_defaults) can set its options for every module at once.
    support: full
    membership:
      - makakoo.platform.makakoo
"""

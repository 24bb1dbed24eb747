# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""makakoo_credential_info never shows a secret in ansible-playbook -vvv output,
neither in results nor in failures."""

from scenarios import CANARY_SECRETS, seed_with_canary_credentials

PLAYBOOK = """
- name: List credentials seeded with canary secrets
  hosts: localhost
  gather_facts: false
  tasks:
    - name: List every credential, LLM API keys through the per-project fallback
      makakoo.platform.makakoo_credential_info:
        organization: Northwind Labs
      register: everything

    - name: Check the listing and its sources
      ansible.builtin.assert:
        that:
          - everything.api_keys | length == 3
          - everything.llm_api_keys | length == 2
          - everything.sentinel_passes | length == 2
          - everything.source.api_keys == 'organization'
          - everything.source.llm_api_keys == 'projects'
          - everything.llm_api_keys | map(attribute='project_name') | sort == ['Dashboards', 'Forecasting']

    - name: List one project's API keys
      makakoo.platform.makakoo_credential_info:
        organization: Northwind Labs
        project: Dashboards
        types: [api_keys]
      register: dashboards

    - name: Check the project listing
      ansible.builtin.assert:
        that:
          - dashboards.api_keys | map(attribute='note') | sort == ['Billing export', 'Grafana bridge']
          - dashboards.llm_api_keys is not defined

    - name: Fail as a viewer
      makakoo.platform.makakoo_credential_info:
        organization: Northwind Labs
        access_token: "{{ viewer_token }}"
      register: as_viewer
      ignore_errors: true

    - name: Fail on a server error that echoes a secret
      makakoo.platform.makakoo_credential_info:
        organization: Northwind Labs
        project: Forecasting
      register: server_error
      ignore_errors: true

    - name: Check the failure messages
      ansible.builtin.assert:
        that:
          - as_viewer.msg is search("the caller's role there is VIEWER")
          - server_error.msg is search('HTTP 500')
          - server_error.msg is search('Decryption failed for [*]+')
"""


def test_canaries_absent_from_vvv_output(emulator, run_playbook):
    emulator.reset(seed_with_canary_credentials())
    organization = emulator.organization("Northwind Labs")
    forecasting = [project["id"] for project in organization["projects"] if project["name"] == "Forecasting"][0]
    emulator.fault(method="GET", path="/organizations/%s/llm_api_keys" % organization["id"], status=404)
    emulator.fault(method="GET", path="/organizations/%s/projects/%s/sentinel_passes" % (organization["id"], forecasting),
                   status=500, body={"errors": [{"status": "500", "detail": "Decryption failed for %s"
                                                 % CANARY_SECRETS["CI pipeline secret_key"]}]})
    viewer_token = emulator.token("uma.ueda@example.com")

    run = run_playbook(PLAYBOOK, env=emulator.auth_env(), verbosity=3, extra_vars={"viewer_token": viewer_token})

    assert run.rc == 0, run.output
    assert run.recap.get("ok") == 7, run.output
    assert run.recap.get("ignored") == 2, run.output
    assert "module_args" in run.output
    assert "display_secret_key" in run.output
    assert "display_key" in run.output
    for name, secret in CANARY_SECRETS.items():
        assert secret not in run.output, "the secret of %s leaked" % name
    assert viewer_token not in run.output

#!/usr/bin/env python3
"""Generate a synthetic Genesys Cloud Terraform tree for benchmarking cxlint.

usage: gen-tree.py OUT_DIR [--modules N] [--roots R] [--shared S] [--seed K]

Writes two cases under OUT_DIR (deleted and recreated):

  standalone/  N independent root modules (default 300), each with a provider
               block, required_providers, variables, locals, outputs, a handful
               of genesyscloud resources (oauth clients with and without
               findings, queues, users, roles, flows) and one call to a small
               local child module of its own.
  monorepo/    R root modules (default 200) that each call the same S local
               modules (default 40) under monorepo/modules/, passing arguments
               that some children turn into findings.

Deterministic for a given seed; uses only the Python standard library.
"""
import argparse
import os
import random
import shutil

SCOPES_OK = ['"analytics:readonly"', '"partner:analytics:view"']
SCOPES_BAD = ['"analytics:conversationDetail:view"', '"users:readonly"']

PROVIDER = """terraform {
  required_version = ">= 1.3.0"
  required_providers {
    genesyscloud = {
      source  = "mypurecloud/genesyscloud"
      version = "%s"
    }
  }
}

provider "genesyscloud" {
  oauthclient_id     = var.client_id
  oauthclient_secret = var.client_secret
  aws_region         = var.region
}
"""

VARIABLES = """variable "client_id" {
  type        = string
  description = "OAuth client id used by the provider"
  default     = "00000000-0000-0000-0000-000000000000"
}

variable "client_secret" {
  type      = string
  sensitive = true
  default   = "not-a-secret"
}

variable "region" {
  type    = string
  default = "%s"
}

variable "env" {
  type    = string
  default = "%s"
}

variable "partner_org" {
  type    = string
  default = "%s"
}

variable "extra_scopes" {
  type    = list(string)
  default = [%s]
}
"""


def uuid(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def oauth_client(rng, name, bad):
    scopes = list(SCOPES_BAD if bad else SCOPES_OK)
    org = "" if bad and rng.random() < 0.5 else '\n  organization_id = var.partner_org'
    roles = "" if bad else """
  roles {
    role_id     = genesyscloud_auth_role.%s_role.id
    division_id = "*"
  }""" % name
    return """resource "genesyscloud_auth_role" "%(n)s_role" {
  name        = "${local.prefix}-%(n)s-role"
  description = "Reporting role for %(n)s"
  permission_policies {
    domain      = "analytics"
    entity_name = "conversationDetail"
    action_set  = ["view"]
  }
}

resource "genesyscloud_oauth_client" "%(n)s" {
  name                          = "${local.prefix}-%(n)s"
  description                   = "Client for %(n)s integrations"
  access_token_validity_seconds = 86400
  authorized_grant_type         = "CLIENT-CREDENTIALS"
  scopes                        = concat([%(s)s], var.extra_scopes)%(org)s%(roles)s
}
""" % {"n": name, "s": ", ".join(scopes), "org": org, "roles": roles}


def queue(rng, name):
    return """resource "genesyscloud_routing_queue" "%(n)s" {
  name                     = "${local.prefix}-%(n)s"
  description              = "Queue %(n)s"
  acw_wrapup_prompt        = "MANDATORY_TIMEOUT"
  acw_timeout_ms           = %(t)d
  skill_evaluation_method  = "BEST"
  auto_answer_only         = true
  enable_transcription     = %(tr)s
  media_settings_call {
    alerting_timeout_sec      = 30
    service_level_percentage  = 0.8
    service_level_duration_ms = 20000
  }
  members {
    user_id  = genesyscloud_user.%(n)s_agent.id
    ring_num = 1
  }
}

resource "genesyscloud_user" "%(n)s_agent" {
  email       = "%(n)s.agent@example.com"
  name        = "%(n)s agent"
  password    = "initial-Password-1"
  state       = "active"
  department  = local.department
  title       = "Agent"
  addresses {
    phone_numbers {
      number     = "+1317555%(num)04d"
      media_type = "PHONE"
      type       = "MOBILE"
    }
  }
}
""" % {"n": name, "t": rng.randint(10000, 300000), "tr": rng.choice(["true", "false"]),
       "num": rng.randint(0, 9999)}


def locals_block(rng, name):
    return """locals {
  prefix     = "${var.env}-%s"
  department = "Contact Center"
  tags       = { env = var.env, team = "cx", id = "%s" }
  queue_names = [for i in range(3) : "${var.env}-q-${i}"]
}
""" % (name, uuid(rng))


def outputs(names):
    return "".join('output "%s_id" {\n  value = genesyscloud_oauth_client.%s.id\n}\n\n' % (n, n)
                   for n in names)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def child_module(rng, d, idx):
    """A reusable module: takes scopes and an org id, makes an oauth client."""
    write(os.path.join(d, "variables.tf"), """variable "prefix" {
  type = string
}

variable "scopes" {
  type = list(string)
}

variable "organization_id" {
  type    = string
  default = null
}
""")
    write(os.path.join(d, "main.tf"), """resource "genesyscloud_oauth_client" "this" {
  name                  = "${var.prefix}-client-%(i)d"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  scopes                = var.scopes
  organization_id       = var.organization_id
  roles {
    role_id     = "%(u)s"
    division_id = "*"
  }
}

resource "genesyscloud_routing_wrapupcode" "code" {
  name = "${var.prefix}-wrapup-%(i)d"
}

resource "genesyscloud_routing_skill" "skill" {
  name = "${var.prefix}-skill-%(i)d"
}

output "client_id" {
  value = genesyscloud_oauth_client.this.id
}
""" % {"i": idx, "u": uuid(rng)})


def standalone(rng, out, n):
    for m in range(n):
        d = os.path.join(out, "standalone", "team-%03d" % m, "env-%s" % rng.choice(["dev", "test", "prod"]))
        version = rng.choice([">= 1.40.0", "~> 1.50", "1.2.0", ">= 1.10.0, < 2.0.0"])
        write(os.path.join(d, "versions.tf"), PROVIDER % version)
        bad = rng.random() < 0.3
        write(os.path.join(d, "variables.tf"), VARIABLES % (
            rng.choice(["us-east-1", "eu-west-1", "ap-southeast-2"]),
            rng.choice(["dev", "test", "prod"]),
            "not-a-uuid" if bad else uuid(rng),
            '"analytics:readonly"' if rng.random() < 0.5 else ""))
        names = ["client_%d" % i for i in range(rng.randint(2, 5))]
        body = locals_block(rng, "team-%03d" % m)
        for i, name in enumerate(names):
            body += "\n" + oauth_client(rng, name, bad and i == 0)
        for i in range(rng.randint(1, 3)):
            body += "\n" + queue(rng, "queue_%d" % i)
        write(os.path.join(d, "main.tf"), body)
        write(os.path.join(d, "outputs.tf"), outputs(names))
        child = os.path.join(d, "modules", "client")
        child_module(rng, child, m)
        write(os.path.join(d, "child.tf"), """module "reporting" {
  source          = "./modules/client"
  prefix          = local.prefix
  scopes          = ["analytics:readonly"%s]
  organization_id = %s
}
""" % ("" if bad else ', "partner:analytics:view"', "null" if bad else "var.partner_org"))
        write(os.path.join(d, "terraform.tfvars"), 'env = "%s"\nregion = "us-east-1"\n' % rng.choice(["dev", "prod"]))


def monorepo(rng, out, roots, shared):
    base = os.path.join(out, "monorepo")
    for s in range(shared):
        child_module(rng, os.path.join(base, "modules", "m%02d" % s), s)
    for r in range(roots):
        d = os.path.join(base, "live", "stack-%03d" % r)
        write(os.path.join(d, "versions.tf"), PROVIDER % "~> 1.50")
        bad = rng.random() < 0.2
        write(os.path.join(d, "variables.tf"), VARIABLES % (
            "us-east-1", "prod", "not-a-uuid" if bad else uuid(rng), ""))
        calls = locals_block(rng, "stack-%03d" % r)
        for s in range(shared):
            scopes = '["analytics:readonly"]' if bad and s % 7 == 0 else \
                '["analytics:readonly", "partner:analytics:view"]'
            calls += """
module "m%(s)02d" {
  source          = "../../modules/m%(s)02d"
  prefix          = local.prefix
  scopes          = %(sc)s
  organization_id = var.partner_org
}
""" % {"s": s, "sc": scopes}
        write(os.path.join(d, "main.tf"), calls)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--modules", type=int, default=300)
    ap.add_argument("--roots", type=int, default=200)
    ap.add_argument("--shared", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    for sub in ("standalone", "monorepo"):
        shutil.rmtree(os.path.join(a.out, sub), ignore_errors=True)
    standalone(rng, a.out, a.modules)
    monorepo(rng, a.out, a.roots, a.shared)


if __name__ == "__main__":
    main()

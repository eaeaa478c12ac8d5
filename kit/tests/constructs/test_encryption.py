"""ServiceKey: one rotating key per environment for the logs and the alarm topics."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig

from tests.constructs.cloudformation import only, resources


def key_statements(template: Template) -> dict[str, dict]:
    _, key = only(template, "AWS::KMS::Key")
    return {statement.get("Sid", ""): statement for statement in key["Properties"]["KeyPolicy"]["Statement"]}


def test_one_rotating_key_kept_in_production(template: Template, config: ServiceConfig) -> None:
    _, key = only(template, "AWS::KMS::Key")

    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == ("Retain" if config.is_production else "Delete")


def test_every_log_group_is_encrypted_with_the_key(template: Template) -> None:
    key_id, _ = only(template, "AWS::KMS::Key")
    log_groups = resources(template, "AWS::Logs::LogGroup")

    assert log_groups
    for log_group in log_groups.values():
        assert log_group["Properties"]["KmsKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}


def test_cloudwatch_logs_may_use_the_key_only_for_this_accounts_log_groups(template: Template) -> None:
    statement = key_statements(template)["AllowCloudWatchLogsOfThisAccount"]

    condition = statement["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
    assert condition["Fn::Join"][1][-1] == ":log-group:*"
    assert {"Ref": "AWS::AccountId"} in condition["Fn::Join"][1]
    assert "kms:*" not in statement["Action"]


def test_cloudwatch_alarms_of_this_account_may_publish_to_the_encrypted_topics(template: Template) -> None:
    statement = key_statements(template)["AllowCloudWatchAlarmsToPublish"]

    assert statement["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert sorted(statement["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey*"]
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}

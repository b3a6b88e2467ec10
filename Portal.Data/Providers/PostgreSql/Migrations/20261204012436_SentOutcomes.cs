using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SentOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OutcomeEvidence",
                table: "Outbox",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OutcomeMethod",
                table: "Outbox",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutcomeReason",
                table: "Outbox",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            // Evidence recorded on messages before sending kept its outcome on the outbox row moves there.
            migrationBuilder.Sql(@"UPDATE ""Outbox"" SET
    ""OutcomeMethod"" = (SELECT m.""DeliveryMethod"" FROM ""SecureMessages"" m WHERE m.""Id"" = ""Outbox"".""ReferenceId""),
    ""OutcomeEvidence"" = (SELECT m.""DeliveryEvidence"" FROM ""SecureMessages"" m WHERE m.""Id"" = ""Outbox"".""ReferenceId"")
WHERE ""Kind"" IN (1, 9, 10, 12)
  AND EXISTS (SELECT 1 FROM ""SecureMessages"" m WHERE m.""Id"" = ""Outbox"".""ReferenceId"" AND m.""DeliveryEvidence"" IS NOT NULL);");

            migrationBuilder.DropColumn(
                name: "DeliveryEvidence",
                table: "SecureMessages");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_ReferenceId",
                table: "Outbox",
                column: "ReferenceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeliveryEvidence",
                table: "SecureMessages",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.Sql(@"UPDATE ""SecureMessages"" SET ""DeliveryEvidence"" = (SELECT o.""OutcomeEvidence"" FROM ""Outbox"" o
WHERE o.""ReferenceId"" = ""SecureMessages"".""Id"" AND o.""OutcomeEvidence"" IS NOT NULL ORDER BY o.""CreatedUtc"" DESC LIMIT 1);");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_ReferenceId",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "OutcomeEvidence",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "OutcomeMethod",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "OutcomeReason",
                table: "Outbox");

        }
    }
}

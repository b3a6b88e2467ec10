using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OutboxPools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_SentUtc_FailedUtc_NextAttemptUtc",
                table: "Outbox");

            migrationBuilder.AddColumn<byte>(
                name: "Pool",
                table: "Outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: (byte)0);

            // Rows queued before pools existed: marketing mail goes to the marketing pool.
            migrationBuilder.Sql("UPDATE \"Outbox\" SET \"Pool\" = 1 WHERE \"Kind\" = 20;");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Pool_SentUtc_FailedUtc_NextAttemptUtc",
                table: "Outbox",
                columns: new[] { "Pool", "SentUtc", "FailedUtc", "NextAttemptUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_Pool_SentUtc_FailedUtc_NextAttemptUtc",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "Pool",
                table: "Outbox");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_SentUtc_FailedUtc_NextAttemptUtc",
                table: "Outbox",
                columns: new[] { "SentUtc", "FailedUtc", "NextAttemptUtc" });
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
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
                type: "smallint",
                nullable: false,
                defaultValue: (byte)0);

            // Rows queued before pools existed: marketing mail goes to the marketing pool.
            migrationBuilder.Sql("UPDATE \"Outbox\" SET \"Pool\" = 1 WHERE \"Kind\" = 20;");

            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "MarketingContents",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsTest",
                table: "MarketingContents",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Goal = table.Column<byte>(type: "smallint", nullable: false),
                    Purpose = table.Column<byte>(type: "smallint", nullable: false),
                    PaidByThirdParty = table.Column<bool>(type: "boolean", nullable: false),
                    SegmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    FromName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Preheader = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Schedule = table.Column<byte>(type: "smallint", nullable: false),
                    SendAtLocal = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    HoldoutPercent = table.Column<int>(type: "integer", nullable: false),
                    HoldoutCount = table.Column<int>(type: "integer", nullable: false),
                    DesignJson = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<byte>(type: "smallint", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LaunchedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LaunchedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ContentId = table.Column<Guid>(type: "uuid", nullable: true),
                    QueuedCount = table.Column<int>(type: "integer", nullable: false),
                    LeftOutNoAddress = table.Column<int>(type: "integer", nullable: false),
                    LeftOutOptedOut = table.Column<int>(type: "integer", nullable: false),
                    LeftOutNoAuthorisation = table.Column<int>(type: "integer", nullable: false),
                    LeftOutSuppressed = table.Column<int>(type: "integer", nullable: false),
                    LeftOutBounced = table.Column<int>(type: "integer", nullable: false),
                    LeftOutFrequencyCap = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CampaignHoldouts",
                columns: table => new
                {
                    CampaignId = table.Column<Guid>(type: "uuid", nullable: false),
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignHoldouts", x => new { x.CampaignId, x.PatientId });
                    table.ForeignKey(
                        name: "FK_CampaignHoldouts_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Pool_SentUtc_FailedUtc_NextAttemptUtc",
                table: "Outbox",
                columns: new[] { "Pool", "SentUtc", "FailedUtc", "NextAttemptUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_Status",
                table: "Campaigns",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignHoldouts");

            migrationBuilder.DropTable(
                name: "Campaigns");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_Pool_SentUtc_FailedUtc_NextAttemptUtc",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "Pool",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "MarketingContents");

            migrationBuilder.DropColumn(
                name: "IsTest",
                table: "MarketingContents");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_SentUtc_FailedUtc_NextAttemptUtc",
                table: "Outbox",
                columns: new[] { "SentUtc", "FailedUtc", "NextAttemptUtc" });
        }
    }
}

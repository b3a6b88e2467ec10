using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.SqlServer.Migrations
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
                type: "tinyint",
                nullable: false,
                defaultValue: (byte)0);

            // Rows queued before pools existed: marketing mail goes to the marketing pool.
            migrationBuilder.Sql("UPDATE \"Outbox\" SET \"Pool\" = 1 WHERE \"Kind\" = 20;");

            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "MarketingContents",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsTest",
                table: "MarketingContents",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    Goal = table.Column<byte>(type: "tinyint", nullable: false),
                    Purpose = table.Column<byte>(type: "tinyint", nullable: false),
                    PaidByThirdParty = table.Column<bool>(type: "bit", nullable: false),
                    SegmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FromName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Preheader = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Schedule = table.Column<byte>(type: "tinyint", nullable: false),
                    SendAtLocal = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    HoldoutPercent = table.Column<int>(type: "int", nullable: false),
                    HoldoutCount = table.Column<int>(type: "int", nullable: false),
                    DesignJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<byte>(type: "tinyint", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LaunchedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LaunchedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ContentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    QueuedCount = table.Column<int>(type: "int", nullable: false),
                    LeftOutNoAddress = table.Column<int>(type: "int", nullable: false),
                    LeftOutOptedOut = table.Column<int>(type: "int", nullable: false),
                    LeftOutNoAuthorisation = table.Column<int>(type: "int", nullable: false),
                    LeftOutSuppressed = table.Column<int>(type: "int", nullable: false),
                    LeftOutBounced = table.Column<int>(type: "int", nullable: false),
                    LeftOutFrequencyCap = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CampaignHoldouts",
                columns: table => new
                {
                    CampaignId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PatientId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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

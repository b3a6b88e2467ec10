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
                    LeftOutBounced = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_Status",
                table: "Campaigns",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Campaigns");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "MarketingContents");

            migrationBuilder.DropColumn(
                name: "IsTest",
                table: "MarketingContents");
        }
    }
}

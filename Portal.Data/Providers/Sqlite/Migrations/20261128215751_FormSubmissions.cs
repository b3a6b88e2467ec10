using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FormSubmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FormAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FormId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FormVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    AssignedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DraftCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    DraftPageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DraftSavedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextReminderUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemindersSent = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FormAssignments_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FormSubmissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AssignmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PublicLinkId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FormId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FormVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    FormContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SignedContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SignerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "BLOB", nullable: true),
                    AttachedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublicNonceHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormSubmissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FormWebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    DeliveredUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormWebhookDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PublicFormLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FormId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FormVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DisabledUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicFormLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FormAssignments_NextReminderUtc",
                table: "FormAssignments",
                column: "NextReminderUtc");

            migrationBuilder.CreateIndex(
                name: "IX_FormAssignments_PatientId_AssignedUtc",
                table: "FormAssignments",
                columns: new[] { "PatientId", "AssignedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_FormSubmissions_AssignmentId",
                table: "FormSubmissions",
                column: "AssignmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FormSubmissions_FormId_FormVersion",
                table: "FormSubmissions",
                columns: new[] { "FormId", "FormVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_FormSubmissions_PatientId_SubmittedUtc",
                table: "FormSubmissions",
                columns: new[] { "PatientId", "SubmittedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_FormSubmissions_PublicNonceHash",
                table: "FormSubmissions",
                column: "PublicNonceHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FormWebhookDeliveries_DeliveredUtc_FailedUtc_NextAttemptUtc",
                table: "FormWebhookDeliveries",
                columns: new[] { "DeliveredUtc", "FailedUtc", "NextAttemptUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PublicFormLinks_TokenHash",
                table: "PublicFormLinks",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FormAssignments");

            migrationBuilder.DropTable(
                name: "FormSubmissions");

            migrationBuilder.DropTable(
                name: "FormWebhookDeliveries");

            migrationBuilder.DropTable(
                name: "PublicFormLinks");
        }
    }
}
